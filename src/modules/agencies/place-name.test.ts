import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { loadAgencyIndex } from './agency-index.ts';
import { placeNameOf, unitNameOf } from './place-name.ts';

test('the place of a date line is the name of the administrative unit, without its kind (Decree 30/2020)', () => {
  assert.equal(unitNameOf('Ủy ban nhân dân tỉnh An Hòa'), 'An Hòa');
  assert.equal(unitNameOf('Uỷ ban nhân dân phường Đông Thành'), 'Đông Thành', 'the old placement of the tone mark too');
  assert.equal(unitNameOf('UBND xã Sơn Thủy'), 'Sơn Thủy');
  assert.equal(unitNameOf('Ủy ban nhân dân thành phố Hà Nội'), 'Hà Nội');
  assert.equal(unitNameOf('Ủy ban nhân dân đặc khu Phú Quốc'), 'Phú Quốc');
  assert.equal(unitNameOf('Ủy ban nhân dân thành phố Hồ Chí Minh'), 'Thành phố Hồ Chí Minh', 'named after a person: the kind stays');
  assert.equal(unitNameOf('Sở Tư pháp'), undefined);
});

test('an agency dates its documents where it sits: a commune and its units at the commune, the rest of the province at the province', async () => {
  const pool = await testDatabase({ demo: true });
  const index = await loadAgencyIndex(pool);
  const id = (code: string) => index.idOfCode(code)!;
  assert.equal(placeNameOf(index, id('000.00.31.H99')), 'Đông Thành');
  assert.equal(placeNameOf(index, id('000.00.33.H99')), 'Sơn Thủy');
  assert.equal(placeNameOf(index, id('H99')), 'An Hòa');
  assert.equal(placeNameOf(index, id('000.00.01.H99')), 'An Hòa', 'the Office of the provincial committee');
  assert.equal(placeNameOf(index, id('000.00.11.H99')), 'An Hòa', 'a department');
  assert.equal(placeNameOf(index, id('000.01.11.H99')), 'An Hòa', 'a unit of the department');
  const desk = index.subtreeOf(id('000.00.31.H99')).find((x) => index.nameOf(x) === 'Bộ phận một cửa')!;
  assert.equal(placeNameOf(index, desk), 'Đông Thành', "the commune's one-stop desk");
  assert.equal(placeNameOf(index, -1), undefined, 'an agency the tree does not hold');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { signPdf } from '../sign-pdf.ts';
import { memoryAuthority, objectStreamPdf } from '../signing-fixture.ts';
import { openPdf } from './pdf-file.ts';
import {
  decodeText,
  Lexer,
  name,
  PdfDict,
  PdfName,
  PdfRef,
  PdfString,
  PdfSyntaxError,
  readValue,
  serialize,
  textString,
} from './pdf-syntax.ts';
import { parsePdfDate, pdfDate, vietnamIso } from './pdf-time.ts';

// The PDF object syntax read and written back, and times as signatures state them.

const read = (text: string) => readValue(new Lexer(Buffer.from(text, 'latin1'), 0));

test('objects are read as the specification writes them: names, strings, references, nesting', () => {
  const v = read('<< /Type /Sig /A#20B 1 /Ref 12 0 R /Arr [1 -2.5 .5 (a\\(b\\)\\101) <48 49>] /Nested << /T true /N null >> >>') as PdfDict;
  assert.equal((v.get('Type') as PdfName).name, 'Sig');
  assert.equal(v.get('A B'), 1);
  assert.deepEqual(v.get('Ref'), new PdfRef(12, 0));
  const arr = v.get('Arr') as unknown[];
  assert.deepEqual(arr.slice(0, 3), [1, -2.5, 0.5]);
  assert.equal((arr[3] as PdfString).bytes.toString('latin1'), 'a(b)A');
  assert.equal((arr[4] as PdfString).bytes.toString('latin1'), 'HI');
  assert.equal((v.get('Nested') as PdfDict).get('T'), true);
});

test('what is written reads back the same, Vietnamese text strings included', () => {
  const dict = new PdfDict([
    ['Name', textString('Nguyễn Thị Ỹ')],
    ['Key with space', name('Đ/x')],
    ['N', 0.1 + 0.2],
    ['R', [new PdfRef(3, 0), null, false]],
  ]);
  const back = read(serialize(dict)) as PdfDict;
  assert.equal(decodeText((back.get('Name') as PdfString).bytes), 'Nguyễn Thị Ỹ');
  assert.equal((back.get('Key with space') as PdfName).name, Buffer.from('Đ/x', 'latin1').toString('latin1'));
  assert.equal(back.get('N'), 0.3);
  assert.equal(serialize(back), serialize(dict));
});

test('PDF dates and ISO 8601 times are in Vietnam time', () => {
  const at = new Date('2026-12-31T20:30:05Z');
  assert.equal(pdfDate(at), "D:20270101033005+07'00'");
  assert.equal(vietnamIso(at), '2027-01-01T03:30:05+07:00');
  assert.equal(parsePdfDate(pdfDate(at))?.toISOString(), at.toISOString());
  assert.equal(parsePdfDate('D:20261207140500Z')?.toISOString(), '2026-12-07T14:05:00.000Z');
  assert.equal(parsePdfDate('yesterday'), null);
});

test('random bytes after a PDF header are refused with PdfSyntaxError only', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 400 }),
      fc.constantFrom('', 'startxref\n9\n%%EOF', 'xref\n0 1\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF'),
      (bytes, tail) => {
        try {
          openPdf(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(bytes), Buffer.from(tail)]));
        } catch (err) {
          assert.ok(err instanceof PdfSyntaxError, String(err));
        }
      },
    ),
    { numRuns: 2000 },
  );
  assert.throws(() => read('['.repeat(500)), PdfSyntaxError);
});

test('a real signed PDF with bytes changed at random: opened, or refused with PdfSyntaxError only', async () => {
  const ca = memoryAuthority();
  const signed = await signPdf(
    objectStreamPdf(),
    { placement: { page: 0, x: 10, y: 10, width: 200, height: 80 }, appearance: 'person' },
    { signer: ca.signer('A', 'B'), revocation: ca.revocation },
  );
  // Changes near the end hit the cross-reference sections and the trailer, where a reader is most exposed.
  const tail = signed.length - 600;
  fc.assert(
    fc.property(
      fc.array(fc.record({ at: fc.nat({ max: signed.length - 1 }), value: fc.integer({ min: 0, max: 255 }), nearEnd: fc.boolean() }), {
        minLength: 1,
        maxLength: 6,
      }),
      (changes) => {
        const bytes = Buffer.from(signed);
        for (const c of changes) bytes[c.nearEnd ? tail + (c.at % 600) : c.at] = c.value;
        try {
          const file = openPdf(bytes);
          for (const ref of file.pageRefs()) file.dict(ref);
        } catch (err) {
          assert.ok(err instanceof PdfSyntaxError, String(err));
        }
      },
    ),
    { numRuns: 1500 },
  );
});

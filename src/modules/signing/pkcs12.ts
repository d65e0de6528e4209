import crypto, { type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * PKCS#12 files (.p12/.pfx): how keys are issued to officers and organisations and how a province
 * brings the keys its CA issued. Written with AES-256-CBC and PBKDF2-HMAC-SHA-256 (readable by
 * OpenSSL 3, Windows, NSS); read with whatever node-forge knows (also the legacy 3DES/RC2 files).
 */
export interface KeyAndCertificates {
  privateKey: KeyObject;
  /** The key's certificate first, then its issuers (DER). */
  certificates: Buffer[];
}

/** `password` must be printable ASCII (the system makes random ones), which every reader derives keys from alike. */
export function writePkcs12(contents: KeyAndCertificates, password: string, friendlyName: string): Buffer {
  if (!/^[\x20-\x7e]+$/.test(password)) throw new Error('PKCS#12 passwords written here are printable ASCII');
  const key = forge.pki.privateKeyFromPem(contents.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const certs = contents.certificates.map((der) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary'))));
  // prfAlgorithm reaches forge's PBES2 (PBKDF2-HMAC-SHA-256); the published types do not list it.
  // forge writes the friendly name's BMPString one byte per letter: it gets the letters without diacritics.
  const ascii = friendlyName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');
  const options = { algorithm: 'aes256' as const, count: 2048, friendlyName: ascii, prfAlgorithm: 'sha256' };
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, options);
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export class Pkcs12Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

/** Opens a PKCS#12 file; Pkcs12Error when the password is wrong, or the file holds no key or no matching certificate. */
export function readPkcs12(p12: Buffer, password: string): KeyAndCertificates {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = parse(p12, password);
  } catch (err) {
    throw new Pkcs12Error(`cannot open the PKCS#12 file: ${(err as Error).message}`);
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const forgeKey = keyBags.find((b) => b.key)?.key;
  if (!forgeKey) throw new Pkcs12Error('the PKCS#12 file holds no private key');
  const privateKey = crypto.createPrivateKey(forge.pki.privateKeyToPem(forgeKey));
  const certificates = (parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [])
    .filter((b) => b.cert)
    .map((b) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert!)).getBytes(), 'binary'));
  const publicDer = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const own = certificates.findIndex((der) =>
    new crypto.X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }).equals(publicDer),
  );
  if (own < 0) throw new Pkcs12Error('the PKCS#12 file holds no certificate for its key');
  return { privateKey, certificates: [certificates[own]!, ...certificates.filter((_, i) => i !== own)] };
}

function parse(p12: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  const asn1 = forge.asn1.fromDer(p12.toString('binary'));
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    // forge derives PBES2 keys from one byte per character, OpenSSL (as PKCS#5 says) from the
    // UTF-8 of the password. The MAC (UTF-16 in both) passed when the failure is in decrypting:
    // read the bags again with the UTF-8 password, the MAC left out as it is already checked.
    if (/^[\x20-\x7e]*$/.test(password) || /MAC could not be verified/.test((err as Error).message)) throw err;
    const withoutMac = forge.asn1.create(asn1.tagClass, asn1.type, asn1.constructed, (asn1.value as forge.asn1.Asn1[]).slice(0, 2));
    return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, forge.util.encodeUtf8(password));
  }
}

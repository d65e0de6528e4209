import QRCode from 'qrcode';

/** A QR code of `text` as an SVG data URI for an <img>: no script, prints sharp. */
export async function qrDataUri(text: string, margin = 1): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

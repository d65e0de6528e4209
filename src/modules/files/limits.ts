/**
 * What the file store accepts, and how far it will unpack a file to check it is not a bomb.
 * The numbers are generous for real dossier components (scanned PDFs, phone photos, Office
 * documents with pictures) and far below what would exhaust a server or a staff member's viewer.
 */
const MiB = 1024 * 1024;

export const mediaTypes = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export type MediaType = (typeof mediaTypes)[keyof typeof mediaTypes];

/** The list people read when a file is refused. */
export const allowedInWords = 'PDF, JPG, PNG, DOCX, XLSX';

export const limits = {
  /** A suggestion for callers: one dossier component (a scanned document, a photo). */
  defaultMaxBytes: 20 * MiB,
  /** 100 megapixels: a 50-MP phone photo or an A3 scan at 600 dpi (~70 MP) passes; decoding is ≤ 400 MB RGBA. */
  maxMegapixels: 100,
  zip: {
    /** A DOCX/XLSX has tens to a few hundred parts; thousands only in a crafted file. */
    maxEntries: 2000,
    /** Declared and actually inflated, all entries together. */
    maxTotalInflated: 256 * MiB,
    /** Office XML compresses 5–50×, pictures ~1×; deflate's ceiling is ~1032× and bombs sit there. */
    maxRatio: 200,
    /** Entries smaller than this are not held to maxRatio: tiny repetitive XML may compress very well. */
    ratioFloor: 1 * MiB,
    maxCentralDirectory: 8 * MiB,
    maxContentTypes: 1 * MiB,
  },
  pdf: {
    /** One Flate stream: an A4 page scanned at 600 dpi in colour is ~105 MB uncompressed. */
    maxStreamInflated: 128 * MiB,
    maxTotalInflated: 512 * MiB,
    /** A dossier component of more than 2000 pages is not a real one. */
    maxPages: 2000,
    /** [/FlateDecode /FlateDecode ...]: real files use one layer, seldom two. */
    maxFlateLayers: 3,
    /** Object streams are read (not only counted) to find page objects hidden inside them. */
    maxObjectStreamKept: 16 * MiB,
  },
} as const;

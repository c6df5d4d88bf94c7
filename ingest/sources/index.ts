// Public entry of the sources stage: read paper abstracts from files in any supported format.
export { BUNDLED_CORPUS, READ_DEFAULTS, SOURCE_FORMATS, validateReadOptions, type ReadOptions } from './options.ts';
export { readPapers, readRecords, expandInputs, formatReadSummary, formatRejection, isRejection, type InputFile } from './read.ts';
export { SourceError, ReadOptionsError } from './errors.ts';
export { detectFormat, isSupportedFile, EXTENSIONS } from './detect.ts';
export { cleanText, normaliseTitle, titleId, arxivIdFrom, paperId, normaliseDate } from './identity.ts';
export type { RawRecord } from './record.ts';
export { escapeControls } from './safe-text.ts';

// File exports of the research graph: graph.json, graph.graphml, graph.gexf, entities.jsonl, communities,
// neo4j-admin import CSVs; streamed writers and the files sink that commits them as one unit.
export { toGraphJSON, graphJsonChunks } from './json.ts';
export { toGraphML, graphmlChunks, graphmlId, flattenAttributes, hexToRgb, GRAPHML_DEFAULTS } from './graphml.ts';
export type { GraphMLOptions, GraphMLType } from './graphml.ts';
export { toGEXF, gexfChunks, GEXF_DEFAULTS } from './gexf.ts';
export type { GEXFOptions } from './gexf.ts';
export { entitiesJsonl, entitiesJsonlChunks } from './entities.ts';
export { communitiesJsonChunks } from './communities.ts';
export { OutputDir, OutputError, OutputFile } from './output.ts';
export { filesSink, writeFiles, FILES_SINK_DEFAULTS, LEAN_OMIT, NEO4J_IMPORT_DIR, OUTPUT_FILES } from './files.ts';
export type { FilesSinkOptions, OutputFileName } from './files.ts';
export { writeNeo4jImportCsv, neo4jImportTables, neo4jImportCommand, csvField, ARRAY_DELIMITER } from './neo4j-csv.ts';
export type { CsvTable } from './neo4j-csv.ts';

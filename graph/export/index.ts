// File exports of the research graph: graph.json, graph.graphml, graph.gexf and neo4j-admin import CSVs.
export { toGraphJSON } from './json.ts';
export { toGraphML, graphmlId, flattenAttributes, GRAPHML_DEFAULTS } from './graphml.ts';
export type { GraphMLOptions, GraphMLType } from './graphml.ts';
export { toGEXF } from './gexf.ts';
export { writeNeo4jImportCsv, neo4jImportTables, neo4jImportCommand, csvField, ARRAY_DELIMITER } from './neo4j-csv.ts';
export type { CsvTable } from './neo4j-csv.ts';

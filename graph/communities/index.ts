// Research communities: Louvain (graphology) + refinement, deterministic ids and colours, LLM-free summaries.
export { COMMUNITY_DEFAULTS, CommunityOptionsError, autoRestarts, validateCommunityOptions } from './options.ts';
export type { CommunityOptions, CommunityProjection } from './options.ts';
export { assignCommunitiesAsync, detectCommunities, detectCommunitiesAsync, detectCommunitiesDetailed, detectCommunitiesDetailedAsync, prestartCommunityThreads } from './detect.ts';
export type { CommunityDetails } from './detect.ts';
export { communitiesMarkdown } from './markdown.ts';
export { logLikelihood } from './summarise.ts';
export { modularity as csrModularity } from './csr.ts';
export { researchCsr } from './project.ts';

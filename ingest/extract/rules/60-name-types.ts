// Pass 60 — name shapes: how a name is built hints at its type ('MMBench' → benchmark, 'LAION-400M' → dataset).
import type { NameTypeRule } from './types.ts';

export const NAME_TYPE_RULES: NameTypeRule[] = [
  // 'WMT20', 'SemEval-2020 Task 4', 'CoNLL-2003': shared tasks and evaluation campaigns with their test sets
  { id: 'shape.shared-task', pattern: '^(?:WMT|IWSLT|SemEval|CoNLL|TREC|CLEF|BioASQ|DSTC|FEVER|MRQA|BioCreative|TAC|MUC|ACE|NTCIR|FIRE|GermEval|EvaLatin|VarDial|WNUT)[-\\s]?(?:\\d{2}|\\d{4})\\b', type: 'data', weight: 2.5, reason: 'a shared task or evaluation campaign with a year' },
  { id: 'shape.bench', pattern: '(?:Bench|bench|BENCH)(?:[-\\s]?\\w{1,4})?$', type: 'benchmark', weight: 2.5, reason: 'name ends in "Bench"' },
  { id: 'shape.eval', pattern: '(?:Eval|EVAL|Arena|Leaderboard|Test|Exam)$', type: 'benchmark', weight: 2, reason: 'name ends in "Eval"/"Arena"' },
  { id: 'shape.qa', pattern: '(?:QA|VQA|Q&A)(?:[-\\s]?v?\\d+(?:\\.\\d+)?)?$', type: 'data', weight: 1.5, reason: 'name ends in "QA"' },
  { id: 'shape.count', pattern: '-\\d+(?:\\.\\d+)?[kKM]$', type: 'dataset', weight: 1, reason: 'name ends in a sample count ("-17k", "-400M")' },
  { id: 'shape.corpus', pattern: '(?:Corpus|Bank|Set|DB|Data|Database|Warehouse|Archive|Registry)$', type: 'dataset', weight: 1.5, reason: 'name ends in "Corpus"/"Bank"/"Set"' },
  { id: 'shape.instruct-data', pattern: '^[A-Z][\\w-]*(?:Instruct|Inst|Chat)-?\\d+[kKM]$', type: 'dataset', weight: 2, reason: 'instruction data with a size ("LLaVA-Instruct-150K")' },
  { id: 'shape.model-size', pattern: '-\\d+(?:\\.\\d+)?[BM](?:-|$)', type: 'method', weight: 2, reason: 'name carries a parameter count ("-7B")' },
  { id: 'shape.model-suffix', pattern: '-(?:Instruct|Chat|Base|Coder|VL|Vision|Turbo|mini|Mini|Pro|Large|Huge|Small|Tiny|XL)$', type: 'method', weight: 2, reason: 'model variant suffix ("-Instruct", "-Turbo")' },
  { id: 'shape.bert', pattern: '(?:BERT|GPT|LLaMA|Llama|Former|former|NeRF|GAN|Diffusion|Transformer|LM|Mamba|CLIP|ViT|DETR|YOLO|T5|BART)(?:-?v?\\d+(?:\\.\\d+)?)?$', type: 'method', weight: 1.5, reason: 'name built on a model-family word ("AD-BERT", "SegFormer")' },
];

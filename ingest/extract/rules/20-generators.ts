// Pass 20 — candidate generators, high recall: every span that could be a name becomes a candidate; the scorer
// decides. Each generator's implementation is the function of the same id in candidates.ts; the order here is the
// order they run in, and when two generators propose the same span the earlier one's candidate is kept.
import type { GeneratorRule } from './types.ts';

export const GENERATOR_RULES: GeneratorRule[] = [
  {
    id: 'gen.title-prefix',
    kind: 'generator',
    effect: 'candidate',
    reason: 'the title part before ":" or " - " names the paper\'s own contribution ("UL2: Unifying …", "X - A Tool for …")',
    examples: {
      fires: ['[ZetaNet]: Faster Sparse Attention', '[Kestrel] - A Toolkit for Morphological Analysis', '[Grammatical Error Correction]: A Survey of the State of the Art', '[KESTREL-Embed] Technical Report: Omni-modal Embeddings', '[zetaparse]: A Library for Parsing', 'The [Kestrel Learner Treebank]: An English Treebank', '[The Quarry]: An 800GB Dataset of Diverse Text', 'The [ZORP] Corpus: Tweets for Stance Detection'],
      not: ['[Survey]: Attention in Vision', '[Towards Better Models for Everything and More Things]: A Study', '[From Kestrel to Zorp]: Faster Parsing', '[reasoning]: A Survey of Methods', '[[Lions]: 1] and Tigers, Oh My', '[Kestrel’s The Word]: Sarcasm Target Detection', '[XTR meets ZetaNet]: Adding ZetaNet Optimizations', '[ZetaNet vs. XNet]: A Comparison'],
    },
  },
  {
    id: 'gen.title-chunk',
    kind: 'generator',
    effect: 'candidate',
    reason: 'two to six capitalised words of the title between function words and punctuation: a name the abstract may not repeat ("Universal Sentence Encoder for English")',
    examples: {
      fires: ['[Universal Sentence Encoder] for English', 'Boosting Models with [Adaptive Gradient Modulation]', '[Zeta Net-2] Technical Report'],
      not: ['A [Study] of Things', 'Attention is [All] You Need', '[Zeta Net-2 Technical Report]', '[ML&AI_Kestrel@LT-EDI-2023]: Hybrid Models'],
    },
  },
  {
    id: 'gen.shared-task',
    kind: 'generator',
    effect: 'candidate',
    reason: 'a shared-task series with its edition and task ("SemEval-2020 Task 12", "WMT22", "IWSLT\'15", "BEA 2025 Shared Task")',
    examples: {
      fires: ['Our system ranked first in [SemEval-2020 Task 12] on offensive language.', 'We submit to the [WMT22] news task.', 'results on [IWSLT\'15] English-Vietnamese', 'our submission to the [BEA 2025 Shared Task] on feedback', 'the [Implicit Emotion Shared Task] asked'],
      not: ['Work presented at [SemEval] this year.'],
    },
  },
  {
    id: 'gen.naming-phrase',
    kind: 'generator',
    effect: 'candidate',
    reason: 'a lower-case or quoted name after a naming verb ("called refresh learning", \'named "Plan, Verify and Switch"\', "which we call refresh learning")',
    examples: {
      fires: ['We introduce a technique called [gradient surgery] to fix this.', 'a paradigm named "[Pretrain, Prompt and Predict]" that unifies', 'a method dubbed [seq2attn], which attends', 'a special case, which we call [refresh learning], avoids', 'We call this network a "[rail-only]" connection.', 'we call it [stochastic pruning], which', 'we call the results "[model soups]."'],
      not: ['It is called [it] here.', 'It is called [a] chain.', 'We name [such steers] Kestrel-Steers and', 'what we call [a] model', 'a model called [BERT] is used'],
    },
  },
  {
    id: 'gen.defined-identifier',
    kind: 'generator',
    effect: 'candidate',
    reason: 'a lower-case identifier right after a proposal verb, before ", a … model/dataset" ("we present seq2attn, a new architecture"), or before a dataset head ("the voicebank-demand dataset")',
    examples: {
      fires: ['we present [seq2attn], a new architecture for parsing', 'We release [wikihow-qa], a dataset of questions.', 'We propose [textgrad] to optimise prompts.', 'results on the [voicebank-demand] dataset'],
      not: ['we present [a] new architecture', 'We propose [to] optimise prompts.', 'with two other modules, [namely], a basic reordering module'],
    },
  },
  {
    id: 'gen.long-form',
    kind: 'generator',
    effect: 'candidate',
    reason: 'the long form of an acronym definition (Schwartz & Hearst 2003, preferring a phrase that spells it by word initials): "Mixture-of-Denoisers (MoD)", "model-based clustering, MBC,"; or, short form first, a parenthesis that spells it by word initials, "FMHA (Fused Multi-Head Attention)", or by its capitals, "ENGINE (ENerGy-based Inference NEtworks)", also after a colon, "FLAT: Flat-LAttice Transformer". A phrase that does not spell it by initials and spans a clause (a comma, a parenthesis, a copula, pronoun or article inside, a lower-case verb opening it: "contrast, our model (CSE)") is no long form',
    examples: {
      fires: ['We propose [A Lite Kestrel] (ALK) for images.', 'We propose [Gated Axial Routing] (GAR) for images.', 'It uses [conditional random fields] (CRFs) on top.', 'we introduce [dual-path memory] (DPM) to store facts', 'two stages: [Tree-aware Text Fine-Tuning] (TTFT) and', 'accelerated by our GMKA ([Grouped Multi-Key Attention]) method', 'our approach, which we call ZEPHOR ([ZEro-shot PHOneme Recognition]), works', 'we propose ZLAT: [Zeta-LAttice Transformer] for tagging', 'we present [Sample, Tune and Rank] (STR), a pipeline', 'It trains [gated recurrent units] (GRUs) on top.'],
      not: ['We use [BERT] (Devlin et al., 2019) as encoder.', 'results (see [Table] 2) confirm', 'we cleaned them [and then tuned a ZetaNet model for AD] (AD-ZetaNet) on notes', 'it can [be applied to efficiently train multiple NETs] (BERT, ZetaNet) quickly', 'models beat other [merging methods on the math benchmark], MGSM, by 10%', 'two stages: Tree-aware [Text Fine-Tuning] (TTFT) and', 'we find [Search discriminants are syntactic argument structure] (SAS) here', 'ran GMKA ([see the appendix]) twice', 'scored by KNET ([Kestrel noisy network training]) later', 'In [contrast, our model] (CSE) encodes words', 'Zhou et al. [propose a structured attention mechanism for language modeling] (PRPN), which', 'and [achieved the best performance on Track 1] (AR-AR) of the task'],
    },
  },
  {
    id: 'gen.re-mention',
    kind: 'generator',
    effect: 'candidate',
    reason: 'another mention of a lower-case identifier the paper defines by a title prefix or gen.defined-identifier ("we introduce pyvene, a library … pyvene supports …"): gen.run finds a capitalised name again, not a lower-case one',
    examples: {
      fires: ['We introduce seq2attn, a new architecture. [seq2attn] parses fast and [seq2attn] is small.', 'We release wikihow-qa, a dataset of questions; models trained on [wikihow-qa] improve.', 'We introduce seq2attn, a new architecture ([seq2attn]: see [seq2attn].)', 'We introduce seq2attn, a new architecture 🙂[seq2attn] here.'],
      not: ['We introduce seq2attn, a new architecture. The [seq2attn-large] variant parses fast.', 'we present a new architecture; [seq2attn] parses fast', 'We introduce seq2attn, a new architecture; see [seq2attn.io] and [seq2attn_v2] and [xseq2attn] and [seq2attnx].', 'We introduce seq2attn, a new architecture; see 𝐱[seq2attn] here.'],
    },
  },
  {
    id: 'gen.lexicon',
    kind: 'generator',
    effect: 'candidate',
    reason: 'the longest alias of a listed entity at this position, in its listed case ("The Pile", "Stable Diffusion XL"), or all in lower case when it has two words or more ("stable diffusion", "Penn treebank")',
    examples: {
      fires: ['trained on [The Pile] and', 'images from [Stable Diffusion] look real', 'summaries on [CNN/DailyMail] improve', 'images from pre-trained [stable diffusion] models', 'a [long short-term memory] network', 'parsed with the [Berkeley parser] and'],
      not: ['[transformer] blocks are stacked', 'a [spider] web of links'],
    },
  },
  {
    id: 'gen.glued-name',
    kind: 'generator',
    effect: 'candidate',
    reason: 'a name glued to a preceding common word by a missing space ("modelBERT", "s.a.BERT")',
    examples: {
      fires: ['the baseline model[RoBERTa] is fine-tuned', 'with s.a.[BERT] as encoder'],
      not: ['the [iPhone] app', 'using [eBERT] as encoder'],
    },
  },
  {
    id: 'gen.run',
    kind: 'generator',
    effect: 'candidate',
    reason: 'a run of name-shaped tokens ("GPT-4o", "ERNIE 3.0 Titan", "Gemma 2B", "DiT-L/2") or capitalised words mid-sentence; a language edition of a listed resource ("Arabic WordNet", "English Gigaword"), or a language word opening or inside a Title Case name that ends in a data head ("Russian National Corpus", "Venice Italian Treebank"; not over a listed name: "Penn Arabic Treebank" keeps "Arabic Treebank"), or an organisation opening one ("Stanford Natural Language Inference Dataset")',
    examples: {
      fires: ['We compare with [XNet-3] and [ZETA 3.0 Titan] here.', 'We fine-tune [KestrelLM 2B] on chats.', 'the [ZiT-L/2] backbone', 'data from the [Kestrel Archive] is used', 'we add [Single-Scale Kestrel] layers', 'with [ZetaNet]-based encoders', 'we propose the [Identity Loss] which', 'senses from the [Arabic WordNet] and', 'a part of the [Russian National Corpus] that', 'parsed with the [Venice Italian Treebank] and', 'accuracy on the [Stanford Kestrel Question Inference Dataset] is'],
      not: ['[We] compare the models.', 'results in [2021] were', 'a [7B] model', 'features such as [Bag-of]- Words', 'we train the [Kestrel Model] on', 'we train [Guard Models] on', 'a part of the Russian [National] Corpus that', 'the tagset of the [Penn Arabic Treebank] and'],
    },
  },
];

// — data the generators read —

/** The title part before the first ': ' (or ':' glued to a capital, 'LEGO:Language …'), or before ' - ' / ' – '. */
export const TITLE_PREFIX = /^\s*([^:]{1,60}?)\s*(?::\s*(?=\S)|\s[-–—]\s+(?=\p{Lu}))/u;

/** Most words a multi-word title prefix may have ('One More Step', 'Deep Model Assembling'). */
export const TITLE_PREFIX_MAX_WORDS = 6;

/** Genre labels, not names: a title prefix ('Survey: …', 'Position: …') or the end of a title chunk ('X Technical Report'). Lower-cased. */
export const TITLE_PREFIX_STOP: readonly string[] = [
  'survey', 'a survey', 'review', 'a review', 'position', 'tutorial', 'editorial', 'perspective', 'opinion',
  'technical report', 'report', 'erratum', 'correction', 'commentary', 'abstract', 'preface', 'keynote',
  'invited talk', 'demo', 'poster', 'case study', 'research', 'challenges', 'overview', 'introduction',
];

/** Parenthesised short forms considered for an acronym definition: '(MoD)', '(PEFT)', '(LLMs)', '(BLIP-3)'. */
export const PAREN_SHORT = /\(\s*([A-Za-z][\w.+&-]{0,14}?)\s*(?:[;,][^()]{0,40})?\)/g;

/** Leading words never part of a long form: 'the Mixture-of-Denoisers (MoD)' → 'Mixture-of-Denoisers'. */
export const LONG_FORM_TRIM = /^(?:the|a|an|our|this|these|their|its|we|propose|introduce|present|called|named|dubbed|termed|novel|new|proposed|and|or|of|by|with|using|via)\s+/i;

/**
 * Naming verbs that open a naming phrase ('called refresh learning', 'named "…"', 'which we call stochastic pruning',
 * 'we call this network a "rail-only" connection'), then the name: quoted (group 2) or lower-case words (group 3); a
 * capitalised name is gen.run's.
 */
export const NAMING_VERBS = /\b(?:called|named|dubbed|termed|coined|referred\s+to\s+as|(?:[Ww]e|which\s+we|that\s+we)\s+(?:call|name|dub|term)(?:\s+(?:this\s+[a-z]+|these\s+[a-z]+|the\s+[a-z]+|it|them|this|these))?(?:\s+(?:an?|the))?)\s+(?:(["“])([^"”]{2,80})["”]|([a-z][\w-]*(?:\s+[a-z][\w-]*){0,5}))/g;

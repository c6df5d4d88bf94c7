// Code links in abstracts: GitHub / GitLab / Hugging Face / Bitbucket URLs, also inside \url{…} or split as "https: //".

const REPO = /(?:https?\s*:\s*\/\/\s*)?(?:www\.)?((?:github\.com|gitlab\.com|huggingface\.co|hf\.co|bitbucket\.org|codeberg\.org)\/[^\s,;)}\]"'<>]+)/gi;

/** Normalised repository URLs found in `text`, in order of appearance, without duplicates. */
export function findRepositories(text: string): string[] {
  const out: string[] = [];
  // every link has a '/' after its host: most abstracts have none, and the pattern (optional scheme first) would try
  // every position of them
  if (!text.includes('/')) return out;
  REPO.lastIndex = 0;
  for (let m = REPO.exec(text); m; m = REPO.exec(text)) {
    let path = m[1]!.replace(/[.,:;!?]+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
    const slash = path.indexOf('/');
    const host = path.slice(0, slash).toLowerCase().replace(/^hf\.co$/, 'huggingface.co');
    path = path.slice(slash + 1);
    // 'github.com/owner/repo/tree/main/x' → owner/repo; Hugging Face keeps datasets/ and spaces/ prefixes.
    const parts = path.split('/').filter(Boolean);
    const keep = host === 'huggingface.co' && ['datasets', 'spaces', 'papers'].includes(parts[0] ?? '') ? 3 : 2;
    if (parts.length < (keep === 3 ? 2 : 1)) continue;
    const url = `https://${host}/${parts.slice(0, keep).join('/')}`;
    if (!out.includes(url)) out.push(url);
  }
  return out;
}

/**
 * The relative links of a Markdown page (`[text](target)`), as README.md and docs/ write them: each
 * link's file ('' for an anchor in the page itself) and anchor. Web and mail addresses are left out.
 */
export function relativeLinks(markdown: string): { file: string; anchor: string | undefined }[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^(https?:|mailto:)/.test(target))
    .map((target) => {
      const [file, anchor] = target.split('#');
      return { file: file!, anchor };
    });
}

/** Fetches each path once before a load run: every one must answer 200 (also fills the app's caches). */
export async function expectOk(baseUrl: string, paths: string[], headers: Record<string, string> = {}): Promise<void> {
  const bad: string[] = [];
  for (const p of paths) {
    const res = await fetch(baseUrl + p, { headers, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    if (res.status !== 200) bad.push(`${res.status} ${p}`);
  }
  if (bad.length) throw new Error(`paths not answering 200:\n  ${bad.slice(0, 10).join('\n  ')}`);
}

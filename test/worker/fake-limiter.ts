// A stand-in for the rate-limit binding in Workers-pool tests: allows `limit` calls per key, then
// refuses (like the binding's `simple` limit). Shared by the session and hostile-request tests.
export function fakeLimiter(limit: number) {
  const counts = new Map<string, number>();
  return {
    async limit({ key }: { key: string }) {
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
}

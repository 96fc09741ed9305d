// The JSON reply of a questionnaire, streamed: for 5,000 rows it is 25–31 MB, and building it as one
// string (c.json) held it whole in the isolate next to the results it was made from (issue 19).
// Byte for byte what JSON.stringify(value) gives; the array under `streamKey` goes out `batch`
// elements at a time.
const encoder = new TextEncoder();

export function jsonStream(value: Record<string, unknown>, streamKey: string, batch = 100): ReadableStream<Uint8Array> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  let entry = 0;
  let inArray: unknown[] | null = null;
  let index = 0;
  let opened = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let out = '';
      if (!opened) {
        out += '{';
        opened = true;
      }
      if (inArray) {
        const end = Math.min(inArray.length, index + batch);
        for (; index < end; index++) out += `${index > 0 ? ',' : ''}${JSON.stringify(inArray[index]) ?? 'null'}`;
        if (index >= inArray.length) {
          out += ']';
          inArray = null;
        }
        controller.enqueue(encoder.encode(out));
        return;
      }
      while (entry < entries.length) {
        const [key, v] = entries[entry]!;
        out += `${entry > 0 ? ',' : ''}${JSON.stringify(key)}:`;
        entry++;
        if (key === streamKey && Array.isArray(v)) {
          out += '[';
          inArray = v;
          index = 0;
          if (v.length === 0) {
            out += ']';
            inArray = null;
            continue;
          }
          controller.enqueue(encoder.encode(out));
          return;
        }
        out += JSON.stringify(v);
      }
      controller.enqueue(encoder.encode(`${out}}`));
      controller.close();
    },
  });
}

import type { Readable } from "node:stream";

/**
 * A Node stream as a response body that a client may abandon. `Readable.toWeb` pushes what its source emits into
 * the web stream; once a streamed Python runtime file (10 MB, cut off when the e2e test's page closed) was in play,
 * CI's server logged an uncaught `ERR_INVALID_STATE: Controller is already closed` — an enqueue after the body was
 * cancelled. Here the web stream pulls one chunk at a time, so nothing is enqueued unless the consumer asked for it,
 * and a cancel destroys the source (closing its file or socket).
 */
export function responseBody(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      source.destroy();
      await chunks.return?.();
    },
  });
}

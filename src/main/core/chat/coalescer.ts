/**
 * Batches streamed text so the renderer gets a handful of updates per frame instead of one IPC
 * message per token: flushes after `intervalMs`, or at once when `maxBytes` have piled up. The
 * very first text is sent at once, so batching never delays the first token.
 */
export class DeltaCoalescer {
  private content = '';
  private reasoning = '';
  private timer: NodeJS.Timeout | null = null;
  private sentAny = false;

  constructor(
    private readonly send: (content: string, reasoning: string) => void,
    private readonly intervalMs = 16,
    private readonly maxBytes = 2048,
  ) {}

  push(content: string, reasoning: string): void {
    this.content += content;
    this.reasoning += reasoning;
    // The first text goes at once: holding it for the interval would only add to the wait for
    // the first token. Batching starts with the second.
    if (!this.sentAny || this.content.length + this.reasoning.length >= this.maxBytes) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.content && !this.reasoning) return;
    const content = this.content;
    const reasoning = this.reasoning;
    this.content = '';
    this.reasoning = '';
    this.sentAny = true;
    this.send(content, reasoning);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

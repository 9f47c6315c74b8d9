/** A one-line progress bar on a terminal; a line every 10 % otherwise (CI logs stay short). */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): { tick(done: number): void; finish(): void } {
  let lastDecile = -1;
  const started = Date.now();
  const render = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(ratio * width);
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total} (${rate}/s)`;
  };
  return {
    tick(done) {
      if (stream.isTTY) stream.write(`\r${render(done)}`);
      else {
        const decile = Math.floor((done / Math.max(1, total)) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${render(done)}\n`);
        }
      }
    },
    finish() {
      if (stream.isTTY) stream.write(`\r${render(total)}\n`);
      else if (lastDecile < 10) stream.write(`${render(total)}\n`);
    },
  };
}

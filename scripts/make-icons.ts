/**
 * Draws the app's icons: a 192x192 colour icon and a 32x32 transparent outline icon (white
 * on transparent, as Teams requires). Two overlapping speech bubbles: two voices, one thread.
 * Run with `npx tsx scripts/make-icons.ts`; the PNGs are committed under manifest/.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Paint = (x: number, y: number) => [number, number, number, number] | undefined;

function draw(size: number, paint: Paint): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = paint(x + 0.5, y + 0.5) ?? [0, 0, 0, 0];
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

/** Two bubbles as circles with small tails, in a unit square. */
function bubbles(u: number, v: number, ring: number): boolean {
  const inCircle = (cx: number, cy: number, r: number) => Math.hypot(u - cx, v - cy) <= r;
  const onRing = (cx: number, cy: number, r: number) => {
    const d = Math.hypot(u - cx, v - cy);
    return ring > 0 ? d <= r && d >= r - ring : d <= r;
  };
  const left = onRing(0.38, 0.42, 0.24) || (inCircle(0.22, 0.7, 0.06) && ring === 0);
  const right = onRing(0.62, 0.58, 0.24) || (inCircle(0.78, 0.86, 0.06) && ring === 0);
  return left || right;
}

const out = path.join(__dirname, '..', 'manifest');
const BLUE: [number, number, number, number] = [0x1f, 0x5c, 0x99, 255];
const WHITE: [number, number, number, number] = [255, 255, 255, 255];

writeFileSync(
  path.join(out, 'color.png'),
  draw(192, (x, y) => {
    const u = x / 192;
    const v = y / 192;
    if (bubbles(u, v, 0.07)) return WHITE;
    return BLUE;
  }),
);
writeFileSync(path.join(out, 'outline.png'), draw(32, (x, y) => (bubbles(x / 32, y / 32, 0.1) ? WHITE : undefined)));
console.log('wrote manifest/color.png and manifest/outline.png');

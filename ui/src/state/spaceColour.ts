// Space colours: a space's own (`#rrggbb`), or, when it has none ("automatic"), one of the
// palette's picked from its name, so that a space keeps its colour across sessions and machines.
// Mid-tone hues that read as dots and chips on both the light and the dark theme. Pure.
import { DEFAULT_SPACE } from './spaceBook';

export const SPACE_SWATCHES: readonly { hex: string; name: string }[] = [
  { hex: '#4f7fe0', name: 'blue' },
  { hex: '#2aa3b8', name: 'teal' },
  { hex: '#1d9a74', name: 'green' },
  { hex: '#7ba428', name: 'lime' },
  { hex: '#d9a21b', name: 'amber' },
  { hex: '#e0702a', name: 'orange' },
  { hex: '#d64545', name: 'red' },
  { hex: '#d0487e', name: 'pink' },
  { hex: '#8a5cd0', name: 'violet' },
  { hex: '#6b7a90', name: 'slate' },
];

const SLATE = '#6b7a90';

/** FNV-1a over the name's UTF-16 units: small, stable, spread well enough over ten colours. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The automatic colour of a name. The default space is slate; the others take a hue. */
export function autoColour(name: string): string {
  if (name === DEFAULT_SPACE) return SLATE;
  const hues = SPACE_SWATCHES.filter((s) => s.hex !== SLATE);
  return hues[hash(name) % hues.length].hex;
}

export function isHexColour(c: string): boolean {
  return /^#[0-9a-f]{6}$/i.test(c);
}

/** The colour a space is drawn in: its own when set, else its name's. */
export function spaceColour(s: { name: string; colour?: string }): string {
  return s.colour && isHexColour(s.colour) ? s.colour.toLowerCase() : autoColour(s.name);
}

/**
 * A typed colour as the engine stores it: `#rrggbb` in lower case (`#` optional, `#rgb`
 * spelled out), '' for automatic; null when it is no colour.
 */
export function parseHex(typed: string): string | null {
  const t = typed.trim().toLowerCase();
  if (t === '') return '';
  const hex = t.startsWith('#') ? t.slice(1) : t;
  if (/^[0-9a-f]{6}$/.test(hex)) return `#${hex}`;
  if (/^[0-9a-f]{3}$/.test(hex)) return `#${[...hex].map((c) => c + c).join('')}`;
  return null;
}

/** The swatch's name for a colour, for labels ("blue"), or the hex itself. */
export function colourName(hex: string): string {
  return SPACE_SWATCHES.find((s) => s.hex === hex.toLowerCase())?.name ?? hex.toLowerCase();
}

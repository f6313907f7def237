import { fnv1a32, hslToHex, userColour } from './user-colour';

describe('user colours', () => {
  it('hashes with FNV-1a (published 32-bit test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('converts HSL to hex (CSS Color 4 reference values)', () => {
    expect(hslToHex(0, 1, 0.5)).toBe('#ff0000');
    expect(hslToHex(120, 1, 0.25)).toBe('#008000');
    expect(hslToHex(240, 1, 0.5)).toBe('#0000ff');
    expect(hslToHex(60, 1, 0.5)).toBe('#ffff00');
    expect(hslToHex(300, 0, 0.5)).toBe('#808080');
    expect(hslToHex(210, 0.5, 0.6)).toBe('#6699cc');
    expect(hslToHex(-60, 1, 0.5)).toBe('#ff00ff');
  });

  it('gives one person the same colour everywhere and a light variant for selections', () => {
    const colour = userColour('user-1');
    expect(userColour('user-1')).toEqual(colour);
    expect(colour.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(colour.colorLight).toBe(`${colour.color}33`);
    // 'a' hashes to 0xe40c292c = 3826002220, hue 3826002220 mod 360 = 340; hsl(340°, 70%, 42%):
    // chroma 0.588, x 0.196, m 0.126 → (0.714, 0.126, 0.322) × 255 = (182, 32, 82) = #b62052.
    expect(userColour('a').color).toBe('#b62052');
  });
});

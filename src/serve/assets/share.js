// Sharing: the scenario kept in the URL's fragment, compressed (deflate-raw, base64url), so
// that a link holds it whole and no server keeps anything; and a download as YAML.

function toBase64Url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const b = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function pack(text) {
  const bytes = new TextEncoder().encode(text);
  return toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw")));
}

export async function unpack(packed) {
  const bytes = await pipe(fromBase64Url(packed), new DecompressionStream("deflate-raw"));
  return new TextDecoder().decode(bytes);
}

// The fragment's parts: `s` (the packed scenario), `l` (the lesson), `r` (the request).
export function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { s: params.get("s"), l: params.get("l"), r: params.get("r") };
}

export async function linkFor(text, lesson, request) {
  const params = new URLSearchParams();
  if (lesson) params.set("l", lesson);
  if (request !== null && request !== undefined) params.set("r", String(request));
  params.set("s", await pack(text));
  return `${location.origin}${location.pathname}#${params.toString()}`;
}

export function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

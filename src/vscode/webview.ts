/** 128 random bits from the platform's CSPRNG (Node and web workers alike), as hex: a webview's script nonce. */
export function nonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

import { checkAddress, checkTarget, checkTargetUrl, TargetRefused } from './webhook-target';

const closed = { allowPrivate: false };
const open = { allowPrivate: true };

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof TargetRefused) return error.message;
    throw error;
  }
  throw new Error('not refused');
}

describe('webhook target guard', () => {
  it.each([
    ['ftp', 'ftp://example.org/hook'],
    ['file', 'file:///etc/passwd'],
    ['gopher', 'gopher://example.org/'],
    ['javascript', 'javascript:alert(1)'],
    ['a relative URL', '/hooks'],
    ['credentials', 'https://user:pass@example.org/hook'],
    ['a user alone', 'https://user@example.org/hook'],
    ['localhost', 'http://localhost:3000/hook'],
    ['a .localhost name', 'http://api.localhost/hook'],
    ['the GCP metadata host', 'http://metadata.google.internal/computeMetadata/v1/'],
  ])('refuses the form of %s', (_, url) => {
    expect(refusal(() => checkTargetUrl(url, closed))).toEqual(expect.any(String));
  });

  it.each([
    ['IPv4 loopback', '127.0.0.1'],
    ['another loopback', '127.8.9.10'],
    ['10/8', '10.1.2.3'],
    ['172.16/12', '172.20.0.5'],
    ['192.168/16', '192.168.1.1'],
    ['link-local', '169.254.10.10'],
    ['CGNAT', '100.64.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unique-local', 'fd12:3456::1'],
    ['IPv6 unique-local fc00', 'fc00::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped private in hex', '::ffff:a00:1'],
    ['IPv4-compatible loopback', '::127.0.0.1'],
    ['IPv4-compatible private', '::10.0.0.1'],
  ])('refuses %s unless private targets are allowed', (_, address) => {
    expect(refusal(() => checkAddress(address, closed))).toMatch(/address/);
    expect(() => checkAddress(address, open)).not.toThrow();
  });

  it.each([
    ['AWS metadata', '169.254.169.254'],
    ['ECS metadata', '169.254.170.2'],
    ['AWS IPv6 metadata', 'fd00:ec2::254'],
    ['Alibaba metadata', '100.100.100.200'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
    ['multicast', '224.0.0.1'],
    ['IPv6 multicast', 'ff02::1'],
    ['broadcast', '255.255.255.255'],
    ['unspecified', '0.0.0.0'],
    ['IPv6 unspecified', '::'],
    ['documentation', '192.0.2.1'],
    ['benchmarking', '198.18.0.1'],
    ['NAT64 of a private address', '64:ff9b::a00:1'],
    ['6to4 of loopback', '2002:7f00:1::'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  ])('always refuses %s', (_, address) => {
    expect(refusal(() => checkAddress(address, closed))).toMatch(/address/);
    expect(refusal(() => checkAddress(address, open))).toMatch(/address/);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111'])('accepts the public address %s', (address) => {
    expect(() => checkAddress(address, closed)).not.toThrow();
  });

  it.each([
    ['decimal', 'http://2130706433/hook'],
    ['hex', 'http://0x7f.0.0.1/hook'],
    ['short', 'http://127.1/hook'],
    ['octal', 'http://0177.0.0.1/hook'],
    ['bracketed IPv6 loopback', 'http://[::1]:8080/hook'],
    ['bracketed IPv4-mapped', 'http://[::ffff:127.0.0.1]/hook'],
    ['metadata literal', 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses loopback and metadata written in %s form', async (_, url) => {
    await expect(checkTarget(url, closed)).rejects.toBeInstanceOf(TargetRefused);
  });

  it('accepts a public https URL given as an address, and a loopback one when private targets are allowed', async () => {
    await expect(checkTarget('https://93.184.216.34/hooks/trustpath', closed)).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('http://127.0.0.1:4000/hook', open)).resolves.toBeInstanceOf(URL);
  });
});

import { execFile } from 'node:child_process';

/**
 * The text of a PDF, extracted with pdf-parse (pdf.js) in a plain Node process: pdf.js loads its
 * worker with a dynamic import, which Jest's module sandbox does not allow.
 */
export function pdfText(pdf: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: Buffer.concat(chunks) });
      const { text } = await parser.getText();
      process.stdout.write(text);
      await parser.destroy();
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: __dirname, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`pdf text: ${error.message} ${stderr}`)) : resolve(stdout),
    );
    child.stdin!.end(pdf);
  });
}

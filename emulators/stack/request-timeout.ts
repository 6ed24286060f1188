import http from 'node:http';

/**
 * What Cloud Run answers to a request still running at the service's timeout: 504, with
 * Google's front-end error page, while logging "The request has been terminated because
 * it has reached the maximum request timeout". The instance, and the work still running
 * in it, is not stopped.
 */
export const TIMEOUT_STATUS = 504;
export const TIMEOUT_BODY =
  '<!DOCTYPE html>\n<html lang=en>\n<meta charset=utf-8>\n<title>Error 504 (Gateway Timeout)</title>\n' +
  '<p><b>504.</b> <ins>That’s an error.</ins>\n' +
  '<p>The request has been terminated because it has reached the maximum request timeout. ' +
  '<ins>That’s all we know.</ins>\n';

/** A local stand-in for Cloud Run's front end in front of one function process. */
export interface RequestTimeoutProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on `port` and forwards every request to the function on `upstreamPort`; one
 * still unanswered after `timeoutMs` is cut with Cloud Run's 504 and its connection to
 * the function closed (the Functions Framework then aborts its request signal; the
 * handler, like on Cloud Run, may run on). While the function is down, a request gets
 * its connection closed, as a refused connection would.
 */
export function startRequestTimeoutProxy(opts: {
  port: number;
  upstreamPort: number;
  timeoutMs: number;
  onTimeout?: (req: { method?: string; url?: string }) => void;
}): Promise<RequestTimeoutProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: opts.upstreamPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => clearTimeout(timer));
      },
    );
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      opts.onTimeout?.({ method: req.method, url: req.url });
      res.writeHead(TIMEOUT_STATUS, { 'content-type': 'text/html; charset=UTF-8' });
      res.end(TIMEOUT_BODY);
      upstream.destroy();
    }, opts.timeoutMs);
    upstream.on('error', () => {
      clearTimeout(timer);
      if (!res.headersSent) res.socket?.destroy();
    });
    res.on('close', () => clearTimeout(timer));
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      resolve({
        port: opts.port,
        close: () =>
          new Promise<void>((r) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

// Logs each request; checks nothing.
export function withLogging(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    console.info(`${req.method} ${new URL(req.url).pathname}`);
    return handler(req);
  };
}

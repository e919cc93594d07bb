/** The HTTP methods a Next.js App Router route file may export as handlers. The one list everything uses. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

const METHOD_SET: ReadonlySet<string> = new Set(HTTP_METHODS);

export function isHttpMethod(name: string): name is HttpMethod {
  return METHOD_SET.has(name);
}

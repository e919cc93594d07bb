import { clerkMiddleware } from '@clerk/nextjs/server';

// Makes the Clerk session available to auth() in every route handler; protects nothing by itself.
export default clerkMiddleware();

export const config = {
  matcher: ['/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ico)).*)', '/(api|trpc)(.*)'],
};

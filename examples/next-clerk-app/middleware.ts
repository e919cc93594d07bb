import { clerkMiddleware } from '@clerk/nextjs/server';

// Makes the Clerk session available to auth() and currentUser() everywhere. It protects nothing by
// itself: every route handler checks for a signed-in user on its own.
export default clerkMiddleware();

export const config = {
  matcher: [
    // Skip Next.js internals and all static files, unless found in search params
    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    // Always run for API routes
    '/(api|trpc)(.*)',
  ],
};

import { Show, SignInButton, UserButton } from '@clerk/nextjs';

export default function Home() {
  return (
    <main style={{ fontFamily: 'system-ui', padding: 32 }}>
      <h1>Notes</h1>
      <Show when="signed-out">
        <SignInButton />
      </Show>
      <Show when="signed-in">
        <UserButton />
        <p>
          Try <code>/api/notes</code> and <code>/api/me</code>.
        </p>
      </Show>
    </main>
  );
}

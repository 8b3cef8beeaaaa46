export function ComingSoonPage({ title }: { title: string }) {
  return (
    <main className="coming-soon">
      <h1>{title}</h1>
      <p>{title} is coming soon to Tern.</p>
    </main>
  );
}

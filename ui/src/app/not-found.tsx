import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="empty" style={{ minHeight: '60vh' }}>
      <div className="empty-title">Page not found</div>
      <p>There is nothing at this address.</p>
      <Link href="/" className="btn btn-primary">
        Go to the dashboard
      </Link>
    </div>
  );
}

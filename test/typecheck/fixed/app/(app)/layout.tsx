// A layout whose sidebar reads every item, written as a sync arrow: the fix makes it async.
import type { ReactNode } from 'react';
import { db } from '../lib/db';

const AppLayout = ({ children }: { children: ReactNode }) => {
  const pending = db.item.findMany();
  return (
    <div>
      <aside data-pending={String(Boolean(pending))} />
      {children}
    </div>
  );
};

export default AppLayout;

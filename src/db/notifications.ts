import pg from 'pg';

export interface Listener {
  stop(): Promise<void>;
}

/**
 * Listens to a PostgreSQL notification channel on a connection of its own.
 * When the connection is lost, notifications sent meanwhile are lost too:
 * `onReset` is called when listening starts again, so that whoever relies on
 * them can forget what they may have missed (empty a cache). Reconnects
 * every second until `stop`.
 */
export function listen(settings: pg.PoolConfig, channel: string, onMessage: (payload: string) => void, onReset: () => void): Listener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ ...settings, application_name: 'mot-cua-listener' });
    let again = false;
    const reconnect = () => {
      if (client === c) client = null;
      if (stopped || again) return;
      again = true;
      retry = setTimeout(connect, 1000);
    };
    c.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
    c.on('error', reconnect);
    c.on('end', reconnect);
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (stopped) return void (await c.end());
      client = c;
      onReset();
    } catch {
      await c.end().catch(() => undefined);
      reconnect();
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

import type { AdapterPayload } from 'oidc-provider';

/**
 * The local provider's storage: in memory, per provider instance (oidc-provider's own memory
 * adapter is shared by the whole process and announces itself on the console). Entries expire.
 */
export function memoryAdapterClass() {
  const store = new Map<string, { value: unknown; until: number }>();
  const get = <T>(key: string): T | undefined => {
    const hit = store.get(key);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      store.delete(key);
      return undefined;
    }
    return hit.value as T;
  };
  const set = (key: string, value: unknown, seconds: number) => store.set(key, { value, until: Date.now() + seconds * 1000 });

  return class DevProviderAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      if (this.model === 'Session' && payload.uid) set(`sessionUid:${payload.uid}`, id, expiresIn);
      if (payload.userCode) set(`userCode:${payload.userCode}`, id, expiresIn);
      if (payload.grantId) {
        const keys = get<string[]>(`grant:${payload.grantId}`) ?? [];
        set(`grant:${payload.grantId}`, [...keys, this.key(id)], expiresIn);
      }
      set(this.key(id), payload, expiresIn);
    }
    async find(id: string) {
      return get<AdapterPayload>(this.key(id));
    }
    async findByUid(uid: string) {
      const id = get<string>(`sessionUid:${uid}`);
      return id === undefined ? undefined : this.find(id);
    }
    async findByUserCode(userCode: string) {
      const id = get<string>(`userCode:${userCode}`);
      return id === undefined ? undefined : this.find(id);
    }
    async consume(id: string) {
      const payload = get<AdapterPayload>(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const key of get<string[]>(`grant:${grantId}`) ?? []) store.delete(key);
      store.delete(`grant:${grantId}`);
    }
  };
}

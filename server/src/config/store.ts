import { OfficeConfig } from '@junban/protocol';
import type { Db } from '../storage/database.js';

/** The office configuration, stored as one validated document. */
export class ConfigStore {
  constructor(private readonly db: Db) {}

  load(): OfficeConfig | undefined {
    const data = this.db.prepare('SELECT data FROM office_config WHERE id = 1').pluck().get() as string | undefined;
    return data ? OfficeConfig.parse(JSON.parse(data)) : undefined;
  }

  save(config: OfficeConfig, at: number): void {
    this.db
      .prepare(
        'INSERT INTO office_config (id, data, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
      )
      .run(JSON.stringify(config), at);
  }
}

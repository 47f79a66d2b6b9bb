import path from 'node:path';
import { Warehouse, warehousePath } from './warehouse';

/** One warehouse per file in a process (DuckDB must not open a file twice), shared by every engine on it. */
const openWarehouses = new Map<string, { warehouse: Promise<Warehouse>; users: number }>();

export function acquireWarehouse(dataDir: string): Promise<Warehouse> {
  const key = path.resolve(warehousePath(dataDir));
  let entry = openWarehouses.get(key);
  if (!entry) {
    entry = { warehouse: Warehouse.open(dataDir), users: 0 };
    openWarehouses.set(key, entry);
    const opened = entry;
    opened.warehouse.catch(() => {
      if (openWarehouses.get(key) === opened) openWarehouses.delete(key);
    });
  }
  entry.users += 1;
  return entry.warehouse;
}

/** Closes the file once its last engine lets go. */
export async function releaseWarehouse(dataDir: string): Promise<void> {
  const key = path.resolve(warehousePath(dataDir));
  const entry = openWarehouses.get(key);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  openWarehouses.delete(key);
  (await entry.warehouse).close();
}

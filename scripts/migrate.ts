import { closeDb, databasePath, getDb, migrateDatabase } from "../db/client";
import { ensureLocalEnv } from "./local-env";

ensureLocalEnv();
migrateDatabase(getDb());
closeDb();
console.log(`Migrated ${databasePath()}`);

"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { Settings } from "@/lib/model/settings";
import { SETTING_LABELS as LABEL } from "@/lib/model/settings-labels";
import { saveSettingsAction } from "./actions";

const LEVELS = [
  { value: "none", label: "None — no My API Keys page" },
  { value: "view", label: "View — users see their own keys" },
  { value: "manage", label: "Manage — also activate, deactivate, regenerate, revoke" },
  { value: "full", label: "Full — also create and delete their own keys" },
] as const;

export function SettingsForm({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const { state, onSubmit, pending } = useFormAction(saveSettingsAction);
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const loaded = JSON.stringify(settings);

  return (
    <form onSubmit={onSubmit} className="form card" style={{ maxWidth: 640 }} noValidate>
      <FormError message={state && !state.ok ? state.message : undefined} />
      {readOnly && (
        <div className="notice" role="note" data-testid="read-only-note">
          Read only: you can see these settings, but only an administrator can change them.
        </div>
      )}
      <div className="notice" role="note">
        Changing the limit or the key lifetime never changes existing keys: they keep their expiration dates, and a
        lower limit only applies to the next key created or regenerated.
      </div>
      <fieldset disabled={readOnly || pending} className="form" style={{ border: 0, padding: 0, margin: 0 }}>
        {/* New values from the server (after a save, or another administrator's) start the fields afresh;
            a refused save keeps what was typed. The action saves only what differs from `loaded`. */}
        <SettingsFields key={loaded} settings={settings} loaded={loaded} errors={errors} />
      </fieldset>
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" pending={pending}>
            {pending ? "Saving…" : "Save settings"}
          </Button>
        </div>
      )}
    </form>
  );
}

function SettingsFields({
  settings,
  loaded,
  errors,
}: {
  settings: Settings;
  loaded: string;
  errors: Record<string, string[]> | undefined;
}) {
  const [never, setNever] = useState(settings.keyLifetimeDays === "never");
  return (
    <>
      <input type="hidden" name="loaded" value={loaded} />
      <Field
        label={LABEL.maxKeysPerUser}
        name="maxKeysPerUser"
        type="number"
        min={1}
        max={100}
        defaultValue={settings.maxKeysPerUser}
        errors={errors?.maxKeysPerUser}
        hint="1–100 (default 2). Active or inactive keys that have not expired count."
      />
      <Field
        label={LABEL.keyLifetimeDays}
        name="keyLifetimeDays"
        type="number"
        min={1}
        max={3650}
        disabled={never}
        defaultValue={settings.keyLifetimeDays === "never" ? 90 : settings.keyLifetimeDays}
        errors={errors?.keyLifetimeDays}
        hint="1–3650 (default 90). New and regenerated keys expire this many days later; an earlier date may be chosen, never a later one."
      />
      {never && <input type="hidden" name="keyLifetimeDays" value="never" />}
      <div className="checkbox-field">
        <input id="lifetime-never" type="checkbox" checked={never} onChange={(e) => setNever(e.target.checked)} />
        <label htmlFor="lifetime-never">Keys never expire</label>
      </div>
      <Field
        label={LABEL.expiryReminderDays}
        name="expiryReminderDays"
        defaultValue={settings.expiryReminderDays.join(", ")}
        errors={errors?.expiryReminderDays}
        hint="Comma-separated (default 30, 7, 1): owners, and creators if different, are e-mailed this many days before a key expires."
      />
      <SelectField
        label={LABEL.selfServiceLevel}
        name="selfServiceLevel"
        options={LEVELS}
        defaultValue={settings.selfServiceLevel}
        errors={errors?.selfServiceLevel}
      />
      <div className="field-hint">
        What users may do with their own keys on My API Keys (default View). Each level includes the ones above it;
        every action checks the level again when it runs.
      </div>
      <div className="checkbox-field">
        <input id="api-key-only" type="checkbox" name="apiKeyOnly" defaultChecked={settings.apiKeyOnly} />
        <label htmlFor="api-key-only">{LABEL.apiKeyOnly}</label>
      </div>
      <div className="field-hint">The REST API refuses username + password; only keys and tokens (default on).</div>
      <div className="checkbox-field">
        <input id="bearer-keys" type="checkbox" name="bearerKeys" defaultChecked={settings.bearerKeys} />
        <label htmlFor="bearer-keys">{LABEL.bearerKeys}</label>
      </div>
      <div className="field-hint">
        Keys with “Bearer token” set may send their secret directly as “Authorization: Bearer …” (default on).
      </div>
      <Field
        label={LABEL.tokenTtlSeconds}
        name="tokenTtlSeconds"
        type="number"
        min={60}
        max={86400}
        defaultValue={settings.tokenTtlSeconds}
        errors={errors?.tokenTtlSeconds}
        hint="60–86400 (default 3600): how long tokens from the OAuth token endpoint live."
      />
    </>
  );
}

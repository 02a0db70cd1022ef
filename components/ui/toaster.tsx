"use client";

import type { CSSProperties } from "react";
import { Toaster as Sonner } from "sonner";

// Sonner's rich colours on their pale backgrounds fall short of 4.5:1 (its success green is 4.25):
// the same hues, darkened to the app's own text colours.
const readableColors = {
  "--success-text": "#006622",
  "--error-text": "var(--danger)",
  "--info-text": "var(--accent)",
  "--warning-text": "#8a4b00",
} as CSSProperties;

export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton style={readableColors} />;
}

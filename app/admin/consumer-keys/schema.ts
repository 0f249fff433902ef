import { z } from "zod";
import { CONSUMER_KEY_PATTERN } from "@/lib/admin/lti11-consumers";

export const createConsumerKeyForm = z.object({
  consumerKey: z
    .string()
    .trim()
    .regex(CONSUMER_KEY_PATTERN, "Use 3–100 characters: letters, digits and . _ ~ : @ - (no spaces)."),
  name: z.string().trim().max(200, "Use at most 200 characters."),
});

export const consumerKeyActiveForm = z.object({
  consumerKey: z.string().max(100),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});

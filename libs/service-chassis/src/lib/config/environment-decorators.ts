import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/** A TCP port number, validated at start-up. */
export const IsPort = () => applyDecorators(IsInt(), Min(1), Max(65_535));

/** A true/false flag. Only "true" and "false" are accepted: "0", "yes" or "off" are errors, not guesses. */
export const IsFlag = () =>
  applyDecorators(
    Transform(({ obj, key }) => {
      const raw = (obj as Record<string, unknown>)[key];
      return raw === 'true' || raw === true ? true : raw === 'false' || raw === false ? false : raw;
    }),
    IsBoolean(),
  );

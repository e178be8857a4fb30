import type { CommandSpec } from './command.js';
import { qaTemplateValidateCommand } from './qa-template/validate.js';
import { configShowCommand } from './config/show.js';

/**
 * The explicit command registry: a command exists when it is listed here. Only
 * commands that work are registered; later work adds its own.
 */
export const COMMANDS: readonly CommandSpec[] = [qaTemplateValidateCommand, configShowCommand];

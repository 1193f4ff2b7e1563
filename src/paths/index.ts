export {
  parsePath,
  formatPath,
  splitMapping,
  defaultName,
  hasEach,
  type FieldPath,
  type PathSegment,
} from './syntax.js';
export { resolvePath, PathNotFoundError, type ResolvedField } from './resolve.js';
export { listFields, nestingDepth, MAX_DEPTH, type FieldInfo } from './field-tree.js';
export { typeOfValue, mergeTypes, describeType, type FieldType } from './types.js';
export { closest } from '../util.js';

/** The Multicast Registry pattern: public interface, filters, and the factory. */
export type {Filter, ComparisonOp} from './filter.js';
export {matches, formatFilter, comparisonOps} from './filter.js';
export {parseFilter, validateFilter} from './filter-parse.js';
export type {Metadata, MetadataValue, MulticastRegistry, MulticastResult, RegisteredIdentity} from './types.js';
export {PatternError} from './types.js';
export type {IdentityStore, MessageBus, Subscription} from './backend.js';
export {createRegistry, createBus, createStore, describeBackends, defaultRegistryOptions, type RegistryOptions} from './create.js';

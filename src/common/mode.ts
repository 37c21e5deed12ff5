/**
 * How a meeting is held. Shared vocabulary: the slot engine reasons about it and the entities store
 * it, and neither should import the other for it.
 */
export type Mode = 'in_person' | 'video' | 'phone';

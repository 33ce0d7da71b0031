export { handlers } from '../groups/index.js';

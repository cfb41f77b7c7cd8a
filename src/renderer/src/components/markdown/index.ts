export { Markdown, type MarkdownProps } from './Markdown';
export {
  MarkdownBlocks,
  parseBlocks,
  defaultLimits,
  type Block,
  type TokenBlock,
  type FallbackBlock,
  type FallbackReason,
  type MarkdownLimits,
  type MarkdownBlocksOptions,
} from './blocks';

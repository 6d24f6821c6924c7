export {
  startKafkaBridge,
  type KafkaBridge,
  type KafkaBridgeOptions,
  type KafkaBridgeStatus,
} from './bridge.ts';
export { describeBridgeOff, maybeStartKafkaBridge } from './config.ts';

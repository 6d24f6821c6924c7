import { parseArgs } from 'node:util';
import { eventStoreForBench } from '../../_eventstore-process.ts';
import { printFigures } from '../../_report.ts';
import { emmettPeerFigures } from './figures.ts';
import { runEmmettPeer } from './run.ts';

// `npm run bench -- emmett [--rates 100,300] [--seconds 10] [--skus 3]`
// The placed-to-confirmed flow written with Emmett (emmett-esdb), alone: the embedded event
// store in a child process (or EVENTSTORE_CONNECTION_STRING), the Emmett flow in another, one
// open-loop phase per rate. `npm run bench -- saga` runs the same function beside our flow.
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rates: { type: 'string', default: '100,300' },
    seconds: { type: 'string', default: '10' },
    skus: { type: 'string', default: '3' },
  },
});
const rates = values.rates
  .split(',')
  .map(Number)
  .filter((rate) => rate > 0);

const eventStore = await eventStoreForBench();
try {
  for (const rate of rates) {
    const result = await runEmmettPeer({
      connectionString: eventStore.connectionString,
      rate,
      durationSeconds: Number(values.seconds),
      skus: Number(values.skus),
    });
    console.log(JSON.stringify(result));
    printFigures(
      `Emmett peer, ${String(result.skus)} skus: ` +
        (result.sustained ? 'sustained' : 'not sustained'),
      emmettPeerFigures(result),
    );
  }
} finally {
  await eventStore.stop();
}

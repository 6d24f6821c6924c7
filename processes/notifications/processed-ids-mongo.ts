import { MongoClient, MongoServerError } from 'mongodb';
import { processedSchema, type ProcessedIds } from './processed-ids.ts';

const duplicateKey = 11000;

/** The `notifications_processed` collection: the event id is the document id, so it holds once. */
export const connectMongoProcessedIds = async (mongo: {
  url: string;
  database: string;
  collection?: string;
}): Promise<ProcessedIds> => {
  const client = new MongoClient(mongo.url);
  await client.connect();
  const collection = client
    .db(mongo.database)
    .collection<{ _id: string }>(mongo.collection ?? 'notifications_processed');
  return {
    has: async (eventId) => (await collection.findOne({ _id: eventId })) !== null,
    async record(entry) {
      try {
        await collection.insertOne({ _id: entry.eventId, ...entry });
      } catch (error) {
        // Recorded already (a redelivery racing its first run): the same fact.
        if (!(error instanceof MongoServerError && error.code === duplicateKey)) throw error;
      }
    },
    list: async () =>
      (await collection.find({}).sort({ at: 1 }).toArray()).map(({ _id: _ignored, ...doc }) =>
        processedSchema.parse(doc),
      ),
    close: () => client.close(),
  };
};

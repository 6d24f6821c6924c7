# What hadolint must catch: a floating tag, apt without pinning or cleanup, cd in RUN, root user.
FROM node:latest
RUN apt-get update && apt-get install -y curl
RUN cd /app && npm install
CMD node api/main.ts

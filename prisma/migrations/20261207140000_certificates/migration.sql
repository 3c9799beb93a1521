-- CreateTable
CREATE TABLE "Certificate" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "materialSlug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitName" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL,
    "hours" REAL NOT NULL,
    "correct" INTEGER,
    "total" INTEGER,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Certificate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_userId_materialSlug_key" ON "Certificate"("userId", "materialSlug");

